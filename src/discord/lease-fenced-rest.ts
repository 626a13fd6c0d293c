import { DefaultRestOptions, type RESTOptions } from "discord.js";
import { LeaseLostError } from "../store/contract.js";

/**
 * discord.js's own request function, refused once this bot no longer holds the job store's lease: the
 * bot that holds it now answers the interactions and edits the jobs (a woken bot runs its due timers and
 * buffered events before its lease timer says the lease is gone).
 */
export function leaseFencedRequest(leaseHeld: () => boolean): RESTOptions["makeRequest"] {
  return async (url, init) => {
    if (!leaseHeld()) throw new LeaseLostError();
    return DefaultRestOptions.makeRequest(url, init);
  };
}
