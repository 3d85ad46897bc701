/** ESP32 bridge protocol (firmware/protocol/PROTOCOL.md): topics, payload schemas, codec, command rules. */
export * from './limits.js';
export * from './topics.js';
export * from './messages.js';
export * from './codec.js';
export * from './commands.js';
export { formatIssues as formatBridgeIssues } from './issues.js';
