// The latest picture of each camera and image entity (Home Assistant keeps `_last_image` in memory too):
// bytes and content type, or the URL an image entity was told to show. Bounded twice: one picture may not
// exceed `maxImageBytes`, and all of them together not `maxTotalBytes` — past that the picture updated
// longest ago is let go, and counted, so a house of cameras cannot exhaust the memory.

export interface LatestImage {
  readonly bytes: Buffer | null;
  readonly content_type: string;
  /** the image entity's `url_topic` form: the picture lives elsewhere */
  readonly url: string | null;
  readonly updated: string;
  /** the topic it came on */
  readonly topic: string;
}

export interface ImageCounts {
  readonly images: number;
  readonly bytes: number;
  /** pictures let go to stay within the total bound */
  readonly evicted: number;
  readonly max_image_bytes: number;
  readonly max_total_bytes: number;
}

export const DEFAULT_MAX_IMAGE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export class LatestImages {
  // insertion order is update order: the first key is the picture updated longest ago
  private readonly byEntity = new Map<string, LatestImage>();
  private total = 0;
  private evicted = 0;

  constructor(
    readonly maxImageBytes = DEFAULT_MAX_IMAGE_BYTES,
    readonly maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES,
  ) {}

  /** keeps the picture; returns the pictures let go to make room for it, with their entities */
  set(entityId: string, image: LatestImage): { entity_id: string; image: LatestImage }[] {
    const size = image.bytes?.length ?? 0;
    if (size > this.maxImageBytes)
      throw new RangeError(`an image of ${size} bytes is over the ${this.maxImageBytes}-byte limit`);
    this.delete(entityId);
    this.byEntity.set(entityId, image);
    this.total += size;
    const dropped: { entity_id: string; image: LatestImage }[] = [];
    while (this.total > this.maxTotalBytes) {
      const oldest = this.byEntity.keys().next().value;
      const picture = oldest === undefined ? undefined : this.byEntity.get(oldest);
      if (oldest === undefined || oldest === entityId || picture === undefined) break;
      this.delete(oldest);
      this.evicted++;
      dropped.push({ entity_id: oldest, image: picture });
    }
    return dropped;
  }

  get(entityId: string): LatestImage | undefined {
    return this.byEntity.get(entityId);
  }

  delete(entityId: string): void {
    const before = this.byEntity.get(entityId);
    if (!before) return;
    this.total -= before.bytes?.length ?? 0;
    this.byEntity.delete(entityId);
  }

  counts(): ImageCounts {
    return {
      images: this.byEntity.size,
      bytes: this.total,
      evicted: this.evicted,
      max_image_bytes: this.maxImageBytes,
      max_total_bytes: this.maxTotalBytes,
    };
  }
}
