// Session storage that keeps access and refresh tokens encrypted at rest (decision 0110). Callers
// see plaintext sessions; the inner store (Prisma) only ever sees envelopes. A row still in
// plaintext or under a retired key is rewritten under the current key when it is read, through
// `reseal` (a compare-and-set, session-reseal.server.ts), never by storing what was read.
import { Session } from "@shopify/shopify-api";
import { encryptSecret, needsSealing, revealStored, type Keyring } from "~/secrets/secret-box.server";
import type { SessionStore } from "./cached-session-storage.server";

function mapTokens(session: Session, map: (value: string) => string): Session {
  const copy = new Session(session.toObject());
  if (copy.accessToken) copy.accessToken = map(copy.accessToken);
  if (copy.refreshToken) copy.refreshToken = map(copy.refreshToken);
  return copy;
}

const stale = (keyring: Keyring, session: Session) =>
  [session.accessToken, session.refreshToken].some(
    (value) => value !== undefined && value !== "" && needsSealing(keyring, value),
  );

export function encryptedSessionStorage(
  inner: SessionStore,
  keyring: Keyring,
  reseal: (id: string) => Promise<unknown>,
): SessionStore {
  const seal = (session: Session) => mapTokens(session, (value) => encryptSecret(keyring, value));
  const open = async (stored: Session): Promise<Session> => {
    const session = mapTokens(stored, (value) => revealStored(keyring, value));
    if (stale(keyring, stored)) await reseal(stored.id);
    return session;
  };
  return {
    storeSession: (session) => inner.storeSession(seal(session)),
    loadSession: async (id) => {
      const stored = await inner.loadSession(id);
      return stored ? open(stored) : undefined;
    },
    deleteSession: (id) => inner.deleteSession(id),
    deleteSessions: (ids) => inner.deleteSessions(ids),
    findSessionsByShop: async (shop) => Promise.all((await inner.findSessionsByShop(shop)).map(open)),
  };
}
