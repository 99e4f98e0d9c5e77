/** History's buttons: a page (`h`) and one payment's receipt (`r`). */
import { type Codec, FIELD } from "../../codec.js";

export const historyPageButton: Codec<number> = {
  prefix: "h",
  encode: (page) => `h:${page}`,
  decode: ([page, ...rest]) => (rest.length === 0 && FIELD.small.test(page ?? "") ? Number(page) : undefined),
};

export const receiptButton: Codec<number> = {
  prefix: "r",
  encode: (paymentId) => `r:${paymentId}`,
  decode: ([id, ...rest]) => (rest.length === 0 && FIELD.id.test(id ?? "") ? Number(id) : undefined),
};
