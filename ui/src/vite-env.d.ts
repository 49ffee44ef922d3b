/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The server's address, for a build that talks to another origin. */
  readonly VITE_API_BASE?: string;
}
