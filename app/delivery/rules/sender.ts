// The merchant's email sender as typed in Settings (decision 0171): validated field by field, so
// each problem is shown next to its input, and nothing is saved while one remains.
import { z } from "zod";

export const TLS_MODES = ["starttls", "tls", "none"] as const;
export type TlsMode = (typeof TLS_MODES)[number];
export const DEFAULT_RATE_PER_SECOND = 10;
export const MAX_RATE_PER_SECOND = 1000;

const EMAIL_ERROR = "Enter a valid email address, such as hello@yourstore.com";
const email = z.string().trim().max(254, "An email address has at most 254 characters").pipe(z.email(EMAIL_ERROR));
const noLineBreaks = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => !/[\r\n]/.test(v), `${label} must be one line`);
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export const senderFormSchema = z
  .object({
    fromName: noLineBreaks("The sender name")
      .pipe(z.string().min(1, "Enter the name customers see").max(100, "Keep the sender name under 100 characters"))
      .refine((v) => !/[<>"]/.test(v), 'The sender name cannot contain <, > or "'),
    fromAddress: email,
    replyTo: z.union([z.literal(""), email]),
    smtpMode: z.enum(["operator", "own"], { error: "Choose whose SMTP server sends the email" }),
    smtpHost: z.string().trim().max(253),
    smtpPort: z.coerce.number({ error: "The port must be a number" }).int().min(1).max(65535, "Ports go up to 65535"),
    smtpTls: z.enum(TLS_MODES, { error: "Choose a TLS mode" }),
    smtpUser: noLineBreaks("The user name").pipe(z.string().max(256, "Keep the user name under 256 characters")),
    /** Blank keeps the stored password. */
    smtpPassword: z.string().max(1024, "Keep the password under 1024 characters"),
    ratePerSecond: z.coerce
      .number({ error: "The sending rate must be a number" })
      .int("The sending rate must be a whole number")
      .min(1, "Send at least 1 email per second")
      .max(MAX_RATE_PER_SECOND, `At most ${MAX_RATE_PER_SECOND} emails per second`),
  })
  .superRefine((v, ctx) => {
    if (v.smtpMode !== "own") return;
    if (!HOST.test(v.smtpHost))
      ctx.addIssue({
        code: "custom",
        path: ["smtpHost"],
        message: "Enter the SMTP server's host name, such as smtp.example.com",
      });
  });

export type SenderForm = z.infer<typeof senderFormSchema>;
export type SenderField = keyof SenderForm;
export type SenderErrors = Partial<Record<SenderField, string>>;

export const SENDER_FORM_DEFAULTS: Record<SenderField, string> = {
  fromName: "",
  fromAddress: "",
  replyTo: "",
  smtpMode: "operator",
  smtpHost: "",
  smtpPort: "587",
  smtpTls: "starttls",
  smtpUser: "",
  smtpPassword: "",
  ratePerSecond: String(DEFAULT_RATE_PER_SECOND),
};

export function parseSenderForm(
  input: Record<string, unknown>,
): { ok: true; value: SenderForm } | { ok: false; errors: SenderErrors } {
  const cleaned = Object.fromEntries(
    Object.keys(SENDER_FORM_DEFAULTS).map((k) => [
      k,
      typeof input[k] === "string" ? input[k] : SENDER_FORM_DEFAULTS[k as SenderField],
    ]),
  );
  const result = senderFormSchema.safeParse(cleaned);
  if (result.success) return { ok: true, value: result.data };
  const errors: SenderErrors = {};
  for (const issue of result.error.issues) errors[issue.path[0] as SenderField] ??= issue.message;
  return { ok: false, errors };
}

/** What is stored under Shop.settings.sender (the password only as an encrypted envelope). */
export interface StoredSender {
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  smtp: { host: string; port: number; tls: TlsMode; user: string; passwordEnc: string | null } | null;
  ratePerSecond: number;
  /** Set by a successful test email; valid only while the config still has this fingerprint. */
  verified: { fingerprint: string; at: string } | null;
}

const storedSchema = z.object({
  fromName: z.string(),
  fromAddress: z.string(),
  replyTo: z.string().nullable(),
  smtp: z
    .object({
      host: z.string(),
      port: z.number().int(),
      tls: z.enum(TLS_MODES),
      user: z.string(),
      passwordEnc: z.string().nullable(),
    })
    .nullable(),
  ratePerSecond: z.number().int().min(1).max(MAX_RATE_PER_SECOND).catch(DEFAULT_RATE_PER_SECOND),
  verified: z.object({ fingerprint: z.string(), at: z.string() }).nullable().catch(null),
});

/** Stored JSON -> sender, or null when none was saved (or it no longer reads). */
export function readStoredSender(raw: unknown): StoredSender | null {
  const parsed = storedSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The local part of the operator From address: the shop's handle, e.g. "acme" for acme.myshopify.com. */
export function operatorLocalPart(shop: string): string {
  const handle = shop
    .replace(/\.myshopify\.com$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-");
  return handle.slice(0, 64) || "shop";
}
