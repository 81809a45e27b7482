// The demo's local inbox over HTTP (scripts/demo/inbox.ts, GET /api/messages): what the SMTP
// server received, parsed by mailparser, with header names in lower case.
export interface InboxMessage {
  id: number;
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | null;
  headers: Record<string, string>;
}

export function inbox(inboxUrl: string) {
  return {
    async messages(): Promise<InboxMessage[]> {
      const response = await fetch(new URL("/api/messages", inboxUrl));
      if (!response.ok) throw new Error(`GET /api/messages: HTTP ${response.status}`);
      return (await response.json()) as InboxMessage[];
    },
  };
}
