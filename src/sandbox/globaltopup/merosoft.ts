/**
 * Global Topup internet packages (Merosoft, globaltopup-merosoft-internet.md):
 * `/np/recharge/package` (operator and connection → the customer's options, a session) and
 * `/np/recharge/execute`, whose body is ASSUMED by globaltopup-execute-and-status.md:
 * `{operator_id, operator_type_id, connection_no, reference_no, amount, package_id, package_name, session_id}`.
 * `online_renew` is the document's example; `rameshsah_fbrgj`, which its code samples only name,
 * is invented with the same shape.
 */
import { type Json, type Outcome, type Reply, absent, decimal, entry, idText, paisa, payOption, wholeNumber } from "../common.js";
import type { CommitRecord } from "../types.js";
import { type GlobalTopup, type GlobalTopupFamily, gtuAnswer, gtuError, gtuRefusal } from "./common.js";

/** The 29 internet operators under Merosoft, by operator id. */
export const GLOBALTOPUP_OPERATORS: Readonly<Record<number, string>> = {
  19: "Subisu",
  20: "Worldlink",
  21: "Vianet",
  22: "Websurfer",
  23: "Arrownet",
  24: "SKY Internet",
  25: "PrabhuNet",
  26: "Palsnet",
  27: "Loop Network",
  30: "Techminds",
  32: "Classic Tech",
  47: "Chitrawan",
  59: "Dolfin Net Communication",
  60: "Net Max",
  61: "Alisha Communication",
  63: "World Fiber Net",
  67: "Nijgadh Cable",
  70: "Prime Network",
  73: "PDS Server Network",
  74: "Meta Link",
  82: "DG Link",
  83: "Dish Home Fiber",
  84: "Izone",
  85: "ACME Internet",
  94: "Smart Link",
  96: "SKY Broadband",
  98: "Rapid Unique Net",
  99: "GRS Internet",
  115: "Wifi Nepal",
};

/** The internet operator type id of every example. */
export const GLOBALTOPUP_INTERNET_TYPE_ID = 5;

/** A customer's answer to the package lookup. */
export interface GlobalTopupPackages {
  customer: string;
  address: string;
  message: string;
  bill: number;
  bill_type: string;
  options: { id: number; name: string; amount: number }[];
}

/** By `connection_no`; served under every one of the 29 operators. */
export const GLOBALTOPUP_CUSTOMERS: Readonly<Record<string, GlobalTopupPackages>> = {
  // The document's example response.
  online_renew: {
    customer: "Majdur family",
    address: "CHITWAN",
    message: "You have 233 day(s) remaining. You could pay in advance but it is not yet supported. | Remaining Days: 233",
    bill: 0,
    bill_type: "Dealdaar offer-50Mbps/12mths",
    options: [
      { id: 800011, name: "Dealdaar offer-50Mbps/12mths", amount: 4520 },
      { id: 800012, name: "Dealdaar offer-80Mbps/3mths", amount: 1808 },
      { id: 800013, name: "Dealdaar offer-80mbps/6mths", amount: 3616 },
      { id: 800014, name: "Dealdaar offer-80Mbps/12mths", amount: 6780 },
    ],
  },
  // The connection number of the document's code samples: invented data, with a bill.
  rameshsah_fbrgj: {
    customer: "Ramesh Sah",
    address: "BIRGUNJ",
    message: "You have due of Rs. 500. | Remaining Days: 0",
    bill: 500,
    bill_type: "Fiber 60Mbps/1mth",
    options: [
      { id: 800021, name: "Fiber 60Mbps/1mth", amount: 1243 },
      { id: 800022, name: "Fiber 60Mbps/3mths", amount: 3390 },
      { id: 800023, name: "Fiber 100Mbps/12mths", amount: 14690 },
    ],
  },
};

/**
 * Checks operator, type and connection, then uses the reference (a number on execute: `asNumber`);
 * throws a `ReplyError`.
 */
function checkRequest(globalTopup: GlobalTopup, body: Json, asNumber = false): { operatorId: number; connectionNo: string; referenceNo: string } {
  if (absent(body.operator_id)) throw gtuRefusal("The operator id field is required.");
  const operatorId = wholeNumber(body.operator_id);
  if (operatorId === undefined || !Object.hasOwn(GLOBALTOPUP_OPERATORS, operatorId)) throw gtuRefusal("The selected operator id is invalid.");
  if (absent(body.operator_type_id)) throw gtuRefusal("The operator type id field is required.");
  if (wholeNumber(body.operator_type_id) !== GLOBALTOPUP_INTERNET_TYPE_ID) throw gtuRefusal("The selected operator type id is invalid.");
  const connectionNo = idText(body.connection_no);
  if (!connectionNo) throw gtuRefusal("The connection no field is required.");
  return { operatorId, connectionNo, referenceNo: globalTopup.useReference(body.reference_no, asNumber) };
}

function lookup(globalTopup: GlobalTopup, body: Json): Reply {
  const { operatorId, connectionNo, referenceNo } = checkRequest(globalTopup, body);
  const customer = entry(GLOBALTOPUP_CUSTOMERS, connectionNo);
  if (!customer) return gtuError(404, "Customer not found");
  const session = globalTopup.sessions.open({
    operatorId,
    connectionNo,
    operator: GLOBALTOPUP_OPERATORS[operatorId] ?? "",
    options: customer.options.map((o) => payOption(o.id, o.amount, o.name)),
  });
  return gtuAnswer("The action has been successfully performed.", {
    operator_id: String(operatorId),
    connection_no: connectionNo,
    reference_no: referenceNo,
    session_id: session.id,
    packages: structuredClone(customer),
  });
}

function execute(globalTopup: GlobalTopup, body: Json, record: CommitRecord, outcome: Outcome): Reply {
  const { operatorId, connectionNo, referenceNo } = checkRequest(globalTopup, body, true);
  const session = globalTopup.findSession(body.session_id, operatorId, connectionNo);
  const packageId = idText(body.package_id);
  if (!packageId) throw gtuRefusal("The package id field is required.");
  const option = session.options.find((o) => o.packageId === packageId);
  if (!option) throw gtuRefusal("The selected package id is invalid.");
  if (body.package_name !== undefined && body.package_name !== null && typeof body.package_name !== "string") {
    throw gtuRefusal("The package name must be a string.");
  }
  if (absent(body.amount)) throw gtuRefusal("The amount field is required.");
  const amount = decimal(body.amount);
  if (amount === undefined) throw gtuRefusal("The amount must be a number.");
  if (paisa(amount) !== option.amountPaisa) throw gtuRefusal("The amount does not match the selected package.");
  return globalTopup.accept(record, session, outcome, referenceNo, option.amountPaisa);
}

/** Merosoft's internet packages: the lookup and the execute. */
export const merosoft: GlobalTopupFamily = (globalTopup) => ({
  "/np/recharge/package": { kind: "lookup", answer: (b) => lookup(globalTopup, b) },
  "/np/recharge/execute": { kind: "commit", family: "merosoft", commit: (b, r, o) => execute(globalTopup, b, r, o) },
});
