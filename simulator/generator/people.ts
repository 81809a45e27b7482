// Names, places, locales and consent for generated customers.
import type { Rng } from "../util/rng";
import type { EmailState, OptInLevel } from "../store/model";

const FIRST = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Elijah",
  "Sophia",
  "Lucas",
  "Mia",
  "Mateo",
  "Amelia",
  "Levi",
  "Harper",
  "Ezra",
  "Evelyn",
  "Leo",
  "Aisha",
  "Hiro",
  "Yuki",
  "Chen",
  "Priya",
  "Arjun",
  "Fatima",
  "Omar",
  "Sofia",
  "Diego",
  "Lena",
  "Jonas",
  "Chloe",
  "Hugo",
  "Ines",
  "Luca",
  "Giulia",
  "Marta",
  "Kofi",
  "Amara",
  "Nia",
  "Sven",
  "Freya",
  "Mateus",
];
const LAST = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Nguyen",
  "Kim",
  "Patel",
  "Singh",
  "Khan",
  "Tanaka",
  "Sato",
  "Müller",
  "Schmidt",
  "Dubois",
  "Martin",
  "Rossi",
  "Bianchi",
  "Silva",
  "Santos",
  "Okafor",
  "Mensah",
  "Andersson",
  "Larsen",
  "O'Brien",
  "Walsh",
  "Cohen",
  "Levy",
  "Novak",
  "Kowalski",
];

const PLACES: { country: string; city: string; locale: string; timezone: string; weight: number }[] = [
  { country: "US", city: "New York", locale: "en", timezone: "America/New_York", weight: 30 },
  { country: "US", city: "Chicago", locale: "en", timezone: "America/Chicago", weight: 12 },
  { country: "US", city: "Los Angeles", locale: "en", timezone: "America/Los_Angeles", weight: 15 },
  { country: "US", city: "Miami", locale: "es", timezone: "America/New_York", weight: 5 },
  { country: "CA", city: "Toronto", locale: "en", timezone: "America/Toronto", weight: 8 },
  { country: "CA", city: "Montréal", locale: "fr", timezone: "America/Toronto", weight: 4 },
  { country: "GB", city: "London", locale: "en", timezone: "Europe/London", weight: 8 },
  { country: "DE", city: "Berlin", locale: "de", timezone: "Europe/Berlin", weight: 5 },
  { country: "FR", city: "Paris", locale: "fr", timezone: "Europe/Paris", weight: 4 },
  { country: "AU", city: "Sydney", locale: "en", timezone: "Australia/Sydney", weight: 4 },
  { country: "JP", city: "Tokyo", locale: "ja", timezone: "Asia/Tokyo", weight: 3 },
  { country: "BR", city: "São Paulo", locale: "pt-BR", timezone: "America/Sao_Paulo", weight: 2 },
];

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  country: string;
  city: string;
  locale: string;
  timezone: string;
  emailState: EmailState;
  emailOptIn: OptInLevel;
  smsState: EmailState | null;
}

const ascii = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/[^a-zA-Z]/g, "")
    .toLowerCase();

export function person(rng: Rng, index: number): Person {
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  const place = rng.weighted(PLACES.map((p) => [p, p.weight] as const));
  const emailState = rng.weighted<EmailState>([
    ["SUBSCRIBED", 45],
    ["NOT_SUBSCRIBED", 35],
    ["UNSUBSCRIBED", 15],
    ["PENDING", 5],
  ]);
  const hasPhone = rng.chance(0.45);
  const smsState = hasPhone
    ? rng.weighted<EmailState>([
        ["SUBSCRIBED", 25],
        ["NOT_SUBSCRIBED", 60],
        ["UNSUBSCRIBED", 10],
        ["PENDING", 5],
      ])
    : null;
  return {
    firstName,
    lastName,
    email: `${ascii(firstName)}.${ascii(lastName)}.${index}@example.com`,
    phone: hasPhone ? `+1${String(2000000000 + ((index * 7919) % 7999999999)).padStart(10, "0")}` : null,
    country: place.country,
    city: place.city,
    locale: place.locale,
    timezone: place.timezone,
    emailState,
    emailOptIn:
      emailState === "SUBSCRIBED"
        ? rng.weighted<OptInLevel>([
            ["SINGLE_OPT_IN", 70],
            ["CONFIRMED_OPT_IN", 30],
          ])
        : "UNKNOWN",
    smsState,
  };
}
