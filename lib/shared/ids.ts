/** The form of ids and of URL pieces, checked in one place. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `s` has the form of a row id (a UUID); a malformed id is "not found", never a database error. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** `decodeURIComponent`, except that a malformed escape leaves the text as it is instead of throwing. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
