/** Vite's `?url` imports (web/host.ts): the URL of a file the bundler emits as an asset. */
declare module '*?url' {
  const url: string;
  export default url;
}
