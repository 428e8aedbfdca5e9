// The browser context every bench loads a page in: a 1440x900 window, signed in with a session
// cookie for the whole site (as sign-in sets it: a cookie for the page's URL would have the
// path /runs/, and the header's links would prefetch the sign-in redirect instead of their
// page), and a MutationObserver that records when the page counts as drawn: the first moment
// an element matching the selector is in the document (`window.__drawnAt`, and a 'drawn'
// performance mark for traces). Streamed content counts once React has moved it into place, and
// an attribute the selector tests counts when it changes (the launch form's data-ready).
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { SESSION_COOKIE } from '@/lib/session-cookie';
import { selectorAttributes } from './drawn-selector';

/** A browser context signed in as `key`, with the session cookie for the whole site. */
export async function signedInContext(
  browser: Browser,
  url: string,
  key: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addCookies([
    {
      name: SESSION_COOKIE,
      value: key,
      url: new URL(url).origin,
      httpOnly: true,
      sameSite: 'Strict',
    },
  ]);
  return context;
}

/** Added nodes, and changes of the attributes the selector tests (drawn-selector.ts). */
function observeOptions(drawnSelector: string): MutationObserverInit {
  const attributeFilter = selectorAttributes(drawnSelector);
  return attributeFilter.length > 0
    ? { childList: true, subtree: true, attributes: true, attributeFilter }
    : { childList: true, subtree: true };
}

/** A signed-in 1440x900 context that records when `drawnSelector` first matches. */
export async function drawnContext(
  browser: Browser,
  url: string,
  key: string,
  drawnSelector: string,
): Promise<BrowserContext> {
  const context = await signedInContext(browser, url, key, {
    viewport: { width: 1440, height: 900 },
  });
  await context.addInitScript(`(() => {
    const mark = () => {
      if (window.__drawnAt === undefined && document.querySelector(${JSON.stringify(drawnSelector)})) {
        window.__drawnAt = performance.now();
        performance.mark('drawn');
      }
    };
    new MutationObserver(mark).observe(document, ${JSON.stringify(observeOptions(drawnSelector))});
  })();`);
  return context;
}

/** When the page was drawn (ms from navigation start), or undefined while it is not. */
export function drawnAt(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as { __drawnAt?: number }).__drawnAt);
}
