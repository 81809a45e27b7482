import { describe, expect, it } from "vitest";
import { buildEmail, type EmailContent } from "./build";
import { paragraphs } from "./layout";

const content = (over: Partial<EmailContent> = {}): EmailContent => ({
  subject: "Hi Ana",
  body: "Hello Ana",
  cta: { label: "See it", url: "https://shop.example/r/1?a=1&b=2" },
  shop: { name: "Acme & Co", address: ["150 Elgin Street", "Ottawa ON K2P 1L4", "Canada"] },
  unsubscribeUrl: "https://shop.example/apps/rapport/u/u1.abc.def",
  ...over,
});

describe("buildEmail", () => {
  it("escapes customer data in the HTML part and keeps it verbatim in the text part", async () => {
    const body = `Ana <img src=x onerror=alert(1)> & "Bo"`;
    const email = await buildEmail(content({ body }));
    expect(email.html).not.toMatch(/<img src=x/);
    expect(email.html).toContain("Ana &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bo&quot;");
    expect(email.text.startsWith(`${body}\n`)).toBe(true);
  });

  it("has the button, the footer with name and address, the unsubscribe link, and the RFC 8058 headers", async () => {
    const email = await buildEmail(content());
    expect(email.html).toMatch(/<a href="https:\/\/shop\.example\/r\/1\?a=1&amp;b=2"[^>]*>.*See it/s);
    for (const line of ["Acme &amp; Co", "150 Elgin Street", "Ottawa ON K2P 1L4", "Canada"])
      expect(email.html).toContain(line);
    expect(email.html).toContain('href="https://shop.example/apps/rapport/u/u1.abc.def"');
    expect(email.text).toContain("See it: https://shop.example/r/1?a=1&b=2");
    expect(email.text).toContain("Unsubscribe: https://shop.example/apps/rapport/u/u1.abc.def");
    expect(email.headers).toEqual({
      "List-Unsubscribe": "<https://shop.example/apps/rapport/u/u1.abc.def>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(email.html).toContain('name="viewport"'); // responsive: the layout scales on phones
  });

  it("keeps line breaks out of the subject, and has no button without a link", async () => {
    const email = await buildEmail(content({ subject: "Hi\r\nBcc: x@evil.test", cta: null }));
    expect(email.subject).toBe("Hi Bcc: x@evil.test");
    expect(email.html).not.toContain("shop.example/r/1");
    expect(email.text).not.toContain("See it");
  });

  it("refuses an unsubscribe link that is not http(s)", async () => {
    await expect(buildEmail(content({ unsubscribeUrl: "javascript:alert(1)" }))).rejects.toThrow(/http/);
  });

  it("splits paragraphs on blank lines and keeps single line breaks", () => {
    expect(paragraphs("a\nb\n\n\n c \r\n\r\nd")).toEqual([["a", "b"], ["c"], ["d"]]);
  });
});
