/**
 * Text a person types into a one-line field (a name, a code, a note shown in
 * lists and the audit log) is printable: no control character, no line or
 * paragraph separator. PostgreSQL also refuses a NUL in text.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The same for text that may run over several lines (a reason, a comment): tabs and line breaks allowed. */
export const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
