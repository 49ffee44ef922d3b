// Strings in English, German and French (every key in all three; a test
// checks). English is built in; the others load when chosen.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";

export const LANGUAGES = ["en", "de", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "ats.lang";

const loaders: Record<Exclude<Language, "en">, () => Promise<{ default: typeof en }>> = {
  de: () => import("./de.json"),
  fr: () => import("./fr.json"),
};

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/** The stored choice, else the browser's first supported language. */
export function preferredLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    /* no storage */
  }
  const langs = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language];
  for (const l of langs) {
    const base = l.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return "en";
}

async function ensureLoaded(lng: Language): Promise<void> {
  if (lng === "en" || i18n.hasResourceBundle(lng, "translation")) return;
  const mod = await loaders[lng]();
  i18n.addResourceBundle(lng, "translation", mod.default, true, true);
}

/** Switch the language (loading its strings first); `remember` stores it. */
export async function setLanguage(lng: Language, remember = true): Promise<void> {
  await ensureLoaded(lng);
  await i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      /* no storage */
    }
  }
}

/** Whether the person chose a language themselves. */
export function languageChosen(): boolean {
  try {
    return isLanguage(localStorage.getItem(STORAGE_KEY));
  } catch {
    return false;
  }
}

export async function initI18n(lng: Language = preferredLanguage()): Promise<typeof i18n> {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: "en",
    fallbackLng: "en",
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes; strings are rendered as text
    returnNull: false,
  });
  if (lng !== "en") await setLanguage(lng, false);
  else document.documentElement.lang = "en";
  return i18n;
}

export default i18n;
