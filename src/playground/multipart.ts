/**
 * Reads a `multipart/form-data` body, the way grammY (and any Bot API client) uploads an `InputFile`:
 * plain fields, and file parts referred to from a field as `attach://<name>` or named after the field.
 */

/** One uploaded file. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** The fields (as text) and files of a form. */
export interface Form {
  fields: Record<string, string>;
  files: Map<string, UploadedFile>;
}

/** The boundary of a `multipart/form-data` content type, or undefined for any other type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  return /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)?.slice(1).find(Boolean);
}

/** Splits `body` at `boundary` into fields and files; throws on a body that is not a form. */
export function parseMultipart(body: Buffer, boundary: string): Form {
  const form: Form = { fields: {}, files: new Map() };
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error("no multipart boundary in the body");
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === "--") return form; // the closing delimiter
    const headersEnd = body.indexOf("\r\n\r\n", at);
    const next = body.indexOf(delimiter, headersEnd);
    if (headersEnd < 0 || next < 0) throw new Error("truncated multipart body");
    const headers = body.subarray(at, headersEnd).toString("utf8");
    const content = body.subarray(headersEnd + 4, next - 2); // the part ends with CRLF before the delimiter
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(disposition)?.slice(1).find((x) => x !== undefined);
    if (name !== undefined) {
      if (filename !== undefined) form.files.set(name, { filename: filename.trim(), bytes: Buffer.from(content) });
      else form.fields[name] = content.toString("utf8");
    }
    at = next;
  }
}
