/**
 * Cross-origin isolation check. Every wasmbox process is a Web Worker that
 * makes synchronous system calls through a SharedArrayBuffer and
 * Atomics.wait, and browsers only expose SharedArrayBuffer to pages that
 * are cross-origin isolated (HTML spec, "cross-origin isolated
 * capability"; https://web.dev/articles/coop-coep). Without it the library
 * throws IsolationError; the page explains what to do instead of showing a
 * blank screen.
 */

export interface IsolationFacts {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  secureContext: boolean;
}

export function isolationFacts(scope: typeof globalThis = globalThis): IsolationFacts {
  return {
    crossOriginIsolated: scope.crossOriginIsolated === true,
    sharedArrayBuffer: typeof scope.SharedArrayBuffer === 'function',
    secureContext: scope.isSecureContext === true,
  };
}

export const isIsolated = (facts: IsolationFacts): boolean => facts.crossOriginIsolated && facts.sharedArrayBuffer;

// Static text only: nothing here comes from the page's URL or the user.
const EXPLANATION = `
  <h1>This page needs cross-origin isolation</h1>
  <p>The wasmbox playground runs a whole sandbox in this tab: every command is a Web Worker that makes
  synchronous system calls to the page through a <code>SharedArrayBuffer</code> and <code>Atomics.wait</code>.
  Browsers only provide <code>SharedArrayBuffer</code> to pages that are <em>cross-origin isolated</em>,
  and this page is not, so the sandbox cannot start.</p>
  <p>The server must send these two headers with the page (and the same-origin scripts and workers it loads):</p>
  <pre>Cross-Origin-Opener-Policy: same-origin
Cross-Origin-Embedder-Policy: require-corp</pre>
  <p><code>Cross-Origin-Embedder-Policy: credentialless</code> also works in Chromium and Firefox.
  The page must also be a secure context: <code>https://</code>, or <code>http://localhost</code>.</p>
  <p>In the wasmbox repository, <code>npm run dev</code> and <code>npm run preview</code> send both headers.
  On a static host, add them in its header configuration, for example:</p>
  <pre># Netlify / Cloudflare Pages: a _headers file next to index.html
/*
  Cross-Origin-Opener-Policy: same-origin
  Cross-Origin-Embedder-Policy: require-corp

# nginx
add_header Cross-Origin-Opener-Policy same-origin always;
add_header Cross-Origin-Embedder-Policy require-corp always;</pre>
  <p>Hosts that cannot set headers (GitHub Pages) need a service worker that adds them, such as coi-serviceworker.</p>
`;

/** Replace the app with the explanation, plus what this browser reported. */
export function showIsolationHelp(container: HTMLElement, facts: IsolationFacts): void {
  container.innerHTML = EXPLANATION;
  const list = document.createElement('p');
  list.className = 'facts';
  list.textContent =
    `This page reports: crossOriginIsolated = ${facts.crossOriginIsolated}, ` +
    `SharedArrayBuffer ${facts.sharedArrayBuffer ? 'available' : 'unavailable'}, ` +
    `secure context = ${facts.secureContext}.`;
  container.append(list);
  container.hidden = false;
}
