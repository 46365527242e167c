/**
 * Text PostgreSQL cannot store: a NUL character (U+0000), or a UTF-16 surrogate without its other
 * half (not a character, and not encodable as UTF-8). Both are valid JSON, so a schema alone lets
 * them through. The route table refuses a request holding one with a 400 naming the field (see
 * `storable` in common/domain/storable.ts, where the check lives); main checks each queued mutation
 * the same way before sending it, so one such value is set aside on its own instead of failing the
 * whole batch it travels in.
 */
export { unstorableText } from '../domain/storable';
