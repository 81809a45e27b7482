// Shopify Marketing (app/marketing, decision 0175). Upsert, not create + update: it is keyed by
// our remoteId (the campaign id), so a retried call after a timeout cannot make a second activity;
// marketingActivityCreateExternal is deprecated in 2026-07 in its favour. Both answer HTTP 200 with
// userErrors (MarketingActivityUserError) that callers must check.

export const MARKETING_ACTIVITY_UPSERT = `mutation MarketingActivityUpsert($input: MarketingActivityUpsertExternalInput!) {
  marketingActivityUpsertExternal(input: $input) {
    marketingActivity { id status utmParameters { campaign source medium } }
    userErrors { field message code }
  }
}`;

export const MARKETING_ENGAGEMENT_CREATE = `mutation MarketingEngagementCreate($remoteId: String!, $engagement: MarketingEngagementInput!) {
  marketingEngagementCreate(remoteId: $remoteId, marketingEngagement: $engagement) {
    marketingEngagement { occurredOn utcOffset sendsCount clicksCount uniqueClicksCount unsubscribesCount }
    userErrors { field message code }
  }
}`;
