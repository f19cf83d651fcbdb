/** 64 K units: pieces short enough to be made and collected while young (escaped, stringified, encoded, hashed). */
export const TEXT_PIECE = 1 << 16;

/**
 * A long text in pieces of at most `size` UTF-16 units, for work done a piece at a time (escaping,
 * encoding, hashing a post's content of tens of megabytes) instead of on the text whole. No piece
 * ends between the two halves of a surrogate pair: each half alone would be encoded as U+FFFD, or
 * escaped, so the pieces joined give what the text whole gives.
 */
export function textPieces(text: string, size = TEXT_PIECE): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + size, text.length);
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
