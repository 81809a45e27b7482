import { describe, expect, it } from "vitest";
import { favourites, type FavouriteLine } from "./favourites";

const line = (
  orderId: string,
  productId: string | null,
  at: number,
  extra: Partial<FavouriteLine> = {},
): FavouriteLine => ({
  orderId,
  productId,
  at,
  quantity: 1,
  productType: null,
  size: null,
  ...extra,
});

describe("favourites", () => {
  it("ranks products by distinct orders, then units, then the latest purchase, then the lowest id by value", () => {
    // Two lines of product 5 in one order count as one order (counted per line, 5 would win on the latest purchase).
    expect(favourites([line("1", "5", 10), line("1", "5", 10), line("2", "7", 1), line("3", "7", 2)]).productId).toBe(
      "7",
    );
    expect(favourites([line("1", "5", 1, { quantity: 3 }), line("2", "7", 2)]).productId).toBe("5");
    expect(favourites([line("1", "5", 1), line("2", "7", 2)]).productId).toBe("7");
    // "9" < "10" by value, though not as text.
    expect(favourites([line("1", "10", 1), line("1", "9", 1)]).productId).toBe("9");
    expect(favourites([line("1", "123456789012345678901", 1), line("1", "123456789012345678902", 1)]).productId).toBe(
      "123456789012345678901",
    );
  });

  it("picks the category in most orders and the size in most units, ties alphabetical; empty values do not count", () => {
    const lines = [
      line("1", "1", 1, { productType: "Shirts", size: "M", quantity: 2 }),
      line("1", "2", 1, { productType: "Shirts", size: "L" }),
      line("2", "3", 2, { productType: "Coffee", size: "L" }),
      line("3", "4", 3, { productType: "", size: "" }),
    ];
    expect(favourites(lines)).toEqual({ productId: "1", category: "Coffee", size: "L" });
  });

  it("has nothing to say about a customer without product lines", () => {
    expect(favourites([])).toEqual({ productId: null, category: null, size: null });
    expect(favourites([line("1", null, 1)])).toEqual({ productId: null, category: null, size: null });
  });
});
