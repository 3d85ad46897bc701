/**
 * Areas (rooms). A device's `suggested_area` wins; otherwise the first configured room whose words
 * appear in the device or entity name ("Kitchen Ceiling Light" → Kitchen), longest room name first,
 * so "Living Room Lamp" is not taken for a room called "Room".
 */
export function areaFromName(name: string | null | undefined, rooms: readonly string[]): string | null {
  if (!name) return null;
  const haystack = ` ${normalize(name)} `;
  for (const { room, needle } of roomNeedles(rooms)) {
    if (needle && haystack.includes(` ${needle} `)) return room;
  }
  return null;
}

/** each room list normalised and sorted (longest first) once: a discovery storm asks thousands of times */
const needlesOf = new WeakMap<readonly string[], readonly { room: string; needle: string }[]>();
function roomNeedles(rooms: readonly string[]): readonly { room: string; needle: string }[] {
  let needles = needlesOf.get(rooms);
  if (!needles) {
    needles = rooms
      .map((room) => ({ room, needle: normalize(room) }))
      .sort((a, b) => b.needle.length - a.needle.length);
    needlesOf.set(rooms, needles);
  }
  return needles;
}

/** Whether two area names denote the same area ("living_room" = "Living Room"). */
export function sameArea(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && normalize(a) === normalize(b);
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const DEFAULT_ROOMS: readonly string[] = [
  'Living Room',
  'Bedroom',
  'Master Bedroom',
  'Guest Room',
  'Kids Room',
  'Nursery',
  'Kitchen',
  'Dining Room',
  'Bathroom',
  'Toilet',
  'Office',
  'Study',
  'Hallway',
  'Entrance',
  'Garage',
  'Basement',
  'Attic',
  'Laundry',
  'Garden',
  'Balcony',
  'Porch',
  'Terrace',
];
