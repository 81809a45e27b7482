import { describe, expect, it } from "vitest";
import { operatorLocalPart, parseSenderForm, SENDER_FORM_DEFAULTS } from "./sender";
import { CHANNEL_INFO, CHANNELS, isChannel } from "./channels";

const form = (over: Record<string, string> = {}) => ({
  ...SENDER_FORM_DEFAULTS,
  fromName: "Acme",
  fromAddress: "hello@acme.test",
  ...over,
});

describe("sender form", () => {
  it("accepts a valid sender", () => {
    expect(parseSenderForm(form())).toMatchObject({
      ok: true,
      value: { fromAddress: "hello@acme.test", ratePerSecond: 10 },
    });
  });

  it("refuses invalid addresses, header injection, a bad host and rates out of bounds, each next to its field", () => {
    const result = parseSenderForm(
      form({
        fromAddress: "acme",
        replyTo: "x@",
        fromName: 'A"B',
        smtpMode: "own",
        smtpHost: "-bad-",
        ratePerSecond: "0",
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        fromAddress: "Enter a valid email address, such as hello@yourstore.com",
        replyTo: "Enter a valid email address, such as hello@yourstore.com",
        fromName: 'The sender name cannot contain <, > or "',
        smtpHost: "Enter the SMTP server's host name, such as smtp.example.com",
        ratePerSecond: "Send at least 1 email per second",
      },
    });
  });

  it("derives the operator From local part from the shop handle", () => {
    expect(operatorLocalPart("acme-store.myshopify.com")).toBe("acme-store");
  });
});

describe("channels", () => {
  it("knows the three channels and says what each customer receives", () => {
    expect(CHANNELS).toEqual(["email", "shopify_email", "flow"]);
    expect(isChannel("sms")).toBe(false);
    expect(CHANNEL_INFO.shopify_email.receives).toMatch(/not the subject and body written here/);
  });
});
