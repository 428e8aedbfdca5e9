// The class leaderboard against a real API: three runs of three members in a project of their
// own, with chosen per-class F1s. The rows show each class's top runs in F1 order with their
// member, approach, F1 and support; the rare classes come first (or the most supported classes,
// after the toggle, kept in the URL); a class links to the compare page of its top runs;
// axe-core finds nothing serious; screenshots at 1024 and 1440 px, light and dark.
import type { Page } from '@playwright/test';
import { SUPPORT, createProject, seedScoredRun, type ScoredRun } from './class-scores-seed';
import { expect, expectNoSeriousA11yViolations, saveScreenshot, test } from './fixtures';
import type { ApiClient } from './harness/api-client';
import { createMemberWithKey } from './harness/seed';

const RARE_NAMES = ['Rods & rings', 'Microtubule ends', 'Lysosomes', 'Endosomes', 'Peroxisomes'];

interface Seeded {
  slug: string;
  runs: ScoredRun[];
  members: string[];
}

let seeding: Promise<Seeded> | undefined;

// Seeded once per worker by the first test (the api fixture is per test).
function seed(api: ApiClient): Promise<Seeded> {
  seeding ??= (async () => {
    const project = await createProject(api, 'classes');
    const bea = await createMemberWithKey(api, {
      email: `bea-${project.slug}@example.com`,
      name: 'Bea Classes',
      role: 'MEMBER',
    });
    const cy = await createMemberWithKey(api, {
      email: `cy-${project.slug}@example.com`,
      name: 'Cy Classes',
      role: 'MEMBER',
    });
    // A is best on the common classes, B on the rare ones, C in between everywhere.
    const rare = new Set([8, 9, 10, 15, 27]);
    const runs = [
      await seedScoredRun(api, project.id, {
        name: 'resnet focal',
        approach: 'resnet + focal loss',
        found: (c) => (rare.has(c) ? 1 : Math.floor((SUPPORT[c]! * 3) / 4)),
      }),
      await seedScoredRun(api.withKey(bea.key), project.id, {
        name: 'mobilenet oversampled',
        approach: 'mobilenet + rare oversampling',
        found: (c) => (rare.has(c) ? SUPPORT[c]! - 1 : Math.floor(SUPPORT[c]! / 2)),
      }),
      await seedScoredRun(api.withKey(cy.key), project.id, {
        name: 'small cnn',
        approach: 'small-cnn baseline',
        found: (c) => (rare.has(c) ? 2 : Math.floor((SUPPORT[c]! * 2) / 3)),
      }),
    ];
    return { slug: project.slug, runs, members: ['Admin', bea.name, cy.name] };
  })();
  return seeding;
}

let seeded: Seeded;

test.beforeEach(async ({ api }) => {
  seeded = await seed(api);
});

function row(page: Page, classId: number) {
  return page.locator(`[data-testid="class-row"][data-class-id="${classId}"]`);
}

/** The seeded runs ranked by their F1 of one class, best first (ties: the API's order). */
function ranked(classId: number): ScoredRun[] {
  return [...seeded.runs].sort((a, b) => b.f1[classId]! - a.f1[classId]!);
}

test.describe('class leaderboard', () => {
  test('shows each class’s top runs, rare classes first, and links to their comparison', async ({
    page,
    signIn,
  }, testInfo) => {
    await signIn();
    await page.goto(`/classes?project=${seeded.slug}`);
    const rows = page.getByTestId('class-row');
    await expect(rows).toHaveCount(28);
    // The five rare classes lead, rarest first, each marked.
    for (const [i, name] of RARE_NAMES.entries()) {
      await expect(rows.nth(i).locator('th')).toContainText(name);
      await expect(rows.nth(i).locator('th')).toContainText(`rare #${i + 1}`);
    }
    await expect(rows.nth(5).locator('th')).not.toContainText('rare');

    // Every class: its support and its three runs in F1 order, with member, approach and F1.
    for (const classId of [27, 15, 0, 25]) {
      const expected = ranked(classId);
      await expect(row(page, classId).locator('td').first()).toHaveText(String(SUPPORT[classId]));
      for (const [rank, run] of expected.entries()) {
        const cell = row(page, classId).getByTestId(`class-${classId}-top-${rank}`);
        await expect(cell.getByTestId('top-f1')).toHaveText(run.f1[classId]!.toFixed(3));
        await expect(cell.getByRole('link')).toHaveText(run.name);
        await expect(cell).toContainText(run.approach);
        const owner = seeded.members[seeded.runs.indexOf(run)]!;
        if (owner !== 'Admin') await expect(cell).toContainText(owner);
      }
    }

    await saveScreenshot(page, testInfo, 'classes-1440');
    await expectNoSeriousA11yViolations(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, testInfo, 'classes-1440-dark');
    await expectNoSeriousA11yViolations(page);
    await page.setViewportSize({ width: 1024, height: 800 });
    await saveScreenshot(page, testInfo, 'classes-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await saveScreenshot(page, testInfo, 'classes-1024');

    // Rods & rings links to the compare page of its top runs, best first.
    await row(page, 27).getByRole('link', { name: 'Compare the top runs of Rods & rings' }).click();
    await page.waitForURL(/\/compare\?/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/compare');
    expect(url.searchParams.get('runs')).toBe(
      ranked(27)
        .map((run) => run.id)
        .join(','),
    );
  });

  test('orders by support on request and keeps the order in the URL', async ({ page, signIn }) => {
    await signIn();
    await page.goto(`/classes?project=${seeded.slug}`);
    await page.getByRole('link', { name: 'By support' }).click();
    await expect(page).toHaveURL(/order=support/);
    await expect(page).toHaveURL(new RegExp(`project=${seeded.slug}`));
    const rows = page.getByTestId('class-row');
    const bySupport = SUPPORT.map((support, classId) => ({ support, classId })).sort(
      (a, b) => b.support - a.support || a.classId - b.classId,
    );
    await expect(rows.first()).toHaveAttribute('data-class-id', String(bySupport[0]!.classId));
    await expect(rows.last()).toHaveAttribute('data-class-id', String(bySupport.at(-1)!.classId));
    await expect(page.getByRole('link', { name: 'By support' })).toHaveAttribute(
      'aria-current',
      'true',
    );
    await page.reload();
    await expect(rows.first()).toHaveAttribute('data-class-id', String(bySupport[0]!.classId));
  });

  test('names an unknown project and offers the others', async ({ page, signIn }) => {
    await signIn();
    await page.goto('/classes?project=no-such-project');
    const alert = page.getByRole('alert').filter({ hasText: 'No project' });
    await expect(alert).toContainText('No project has the slug “no-such-project”');
    await alert.getByRole('link', { name: seeded.slug }).click();
    await expect(page.getByTestId('class-row')).toHaveCount(28);
  });
});
