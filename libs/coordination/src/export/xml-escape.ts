const ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for an XML attribute or element with the five predefined entities, which every XML
 * reader decodes, so one function serves both. Characters XML 1.0 forbids outright (most C0 controls) cannot be written even escaped: they
 * become U+FFFD, so that an account id with a stray control character still gives a file Gephi opens.
 */
export function xmlEscape(value: string): string {
  return value
    .replace(/[<>&"']/g, (char) => ENTITIES[char])
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}
