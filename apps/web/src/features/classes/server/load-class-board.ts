// The class leaderboard's data: the projects (to choose one; most installs have one), then
// classLeaderboard of the chosen project. Two requests in a row: the second needs the first's
// id. The URL names a project by slug; without one, the first project of the API's list (by
// slug) is shown.
import 'server-only';
import { execute, type ApiResult } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { ClassBoardQuery, ClassBoardProjectsQuery } from '@/graphql/generated/graphql';

/** Runs shown per class: enough to see who is close behind, few enough to read. */
export const TOP_RUNS = 3;

const ClassBoardProjectsDocument = graphql(`
  query ClassBoardProjects {
    projects {
      id
      slug
      name
    }
  }
`);

const ClassBoardDocument = graphql(`
  query ClassBoard($projectId: ID!, $top: Int!) {
    classLeaderboard(projectId: $projectId, top: $top) {
      ...ClassBoardEntry
    }
  }
`);

export type BoardProject = ClassBoardProjectsQuery['projects'][number];

export type ClassBoardData =
  | { kind: 'no-projects' }
  | { kind: 'unknown-project'; slug: string; projects: BoardProject[] }
  | {
      kind: 'board';
      project: BoardProject;
      projects: BoardProject[];
      entries: ClassBoardQuery['classLeaderboard'];
    };

export async function loadClassBoard(slug: string | null): Promise<ApiResult<ClassBoardData>> {
  const listed = await execute(ClassBoardProjectsDocument, {});
  if (!listed.ok) return listed;
  const projects = listed.data.projects;
  if (projects.length === 0) return { ok: true, data: { kind: 'no-projects' } };
  const project = slug === null ? projects[0] : projects.find((p) => p.slug === slug);
  if (!project) return { ok: true, data: { kind: 'unknown-project', slug: slug!, projects } };
  const board = await execute(ClassBoardDocument, { projectId: project.id, top: TOP_RUNS });
  if (!board.ok) return board;
  return {
    ok: true,
    data: { kind: 'board', project, projects, entries: board.data.classLeaderboard },
  };
}
