/** Vite's `?raw` imports: a file's text. The guest's library (guest/*.js) is bundled this way. */
declare module '*?raw' {
  const text: string;
  export default text;
}
