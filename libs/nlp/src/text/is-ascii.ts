/** True when every UTF-16 code unit is below 128: such text can take the byte-level fast paths. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}
