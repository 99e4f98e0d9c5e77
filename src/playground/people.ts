/**
 * Who the visitor can be in the playground: a customer, an agent (made one in the agents store at
 * start), the admin (in the admin list), and any number of new customers, each a Telegram user of
 * the Bot API emulator with a private chat with the bot.
 */

/** A person the visitor can act as. */
export interface Person {
  id: number;
  firstName: string;
  role: "customer" | "agent" | "admin";
  /** What the page's switch shows. */
  label: string;
}

/** The people there from the start (fixed ids: their wallets outlive a restart, in the playground's database). */
export const CAST = {
  customer: { id: 1_000_001, firstName: "Sita", role: "customer", label: "Sita · customer" },
  agent: { id: 2_000_001, firstName: "Hari", role: "agent", label: "Hari · agent" },
  admin: { id: 3_000_001, firstName: "Asha", role: "admin", label: "Asha · admin" },
} as const satisfies Record<string, Person>;

/** The agent's shop, as kept in the agents store. */
export const AGENT_SHOP = "Hari Recharge Centre";

/** The people of one playground run: the cast, then the new customers made on the way. */
export class People {
  private readonly list: Person[] = Object.values(CAST).map((p) => ({ ...p }));
  private lastId = 0;

  all(): Person[] {
    return [...this.list];
  }

  get(id: number): Person | undefined {
    return this.list.find((p) => p.id === id);
  }

  /** A customer never seen before (an id from the clock, so not one of an earlier run either). */
  newCustomer(): Person {
    this.lastId = Math.max(this.lastId + 1, Date.now());
    const n = this.list.filter((p) => p.role === "customer").length + 1;
    const person: Person = { id: this.lastId, firstName: `Customer ${n}`, role: "customer", label: `Customer ${n} · new` };
    this.list.push(person);
    return person;
  }
}
