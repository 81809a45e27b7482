// Writes a customer's email marketing opt-out back to Shopify (decision 0173). Shopify answers
// HTTP 200 with userErrors for an unknown customer or one without an email, so callers check them.

export const CUSTOMER_EMAIL_CONSENT_UPDATE = `mutation CustomerEmailConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { id defaultEmailAddress { marketingState } }
    userErrors { field message code }
  }
}`;

export const SHOP_SENDER_FACTS = `query ShopSenderFacts {
  shop {
    name
    shopAddress { company address1 address2 city provinceCode zip country }
  }
}`;
