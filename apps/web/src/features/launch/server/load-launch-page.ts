// The launch page's data: the projects (and whether the member may launch in them), the data
// sets the platform knows, and with `?clone=<id>` the run to start from.
import 'server-only';
import { execute } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';

const LaunchPageDocument = graphql(`
  query LaunchPage {
    projects {
      id
      viewerCanLaunch
      ...LaunchForm_Project
    }
    datasets {
      ...DatasetWidget_Dataset
    }
  }
`);

const LaunchCloneDocument = graphql(`
  query LaunchClone($id: ID!) {
    run(id: $id) {
      id
      ...LaunchForm_CloneSource
    }
  }
`);

export function loadLaunchPage() {
  return execute(LaunchPageDocument, {});
}

export function loadCloneSource(id: string) {
  return execute(LaunchCloneDocument, { id });
}
