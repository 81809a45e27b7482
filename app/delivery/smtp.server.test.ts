import { describe, expect, it } from "vitest";
import { classifySmtpError } from "./smtp.server";

const err = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? "x")), fields);

describe("classifySmtpError", () => {
  it("4xx is transient, 5xx permanent, with the server's reply", () => {
    expect(classifySmtpError(err({ responseCode: 451, response: "451 4.3.0 later" }))).toEqual({
      kind: "transient",
      message: "SMTP 451 4.3.0 later",
    });
    expect(classifySmtpError(err({ responseCode: 550, response: "550 5.1.1 no such user" }))).toEqual({
      kind: "permanent",
      message: "SMTP 550 5.1.1 no such user",
    });
  });

  it("a connection that never opened is transient; one that broke mid-session is unknown (never resent)", () => {
    expect(classifySmtpError(err({ code: "ESOCKET", originalCode: "ECONNREFUSED" })).kind).toBe("transient");
    expect(classifySmtpError(err({ code: "ETIMEDOUT", timeoutType: "GREETING_TIMEOUT" })).kind).toBe("transient");
    expect(classifySmtpError(err({ code: "ETIMEDOUT", timeoutType: "SOCKET_TIMEOUT" })).kind).toBe("unknown");
    expect(classifySmtpError(err({ code: "ECONNECTION", message: "Connection closed unexpectedly" })).kind).toBe(
      "unknown",
    );
  });
});
