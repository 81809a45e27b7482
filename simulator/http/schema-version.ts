export { adminSchema } from "../graphql/schema";
export { schemaVersion } from "./admin";
