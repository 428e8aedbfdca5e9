import { graphql } from '@/graphql/generated';

// What the queue panel reads: the queue's counts and worker command, the runs waiting or
// training (oldest first: the order a worker takes them), and whether the member may launch.
export const QueuePanelFragment = graphql(`
  fragment QueuePanel_Query on Query {
    projects {
      id
      viewerCanLaunch
    }
    queueStatus {
      kind
      waiting
      active
      stalled
      workers
      workerCommand
    }
    queuedRuns: runs(filter: { status: [QUEUED, RUNNING] }, sort: CREATED_ASC, first: $limit) {
      totalCount
      nodes {
        id
        name
        status
        createdAt
        startedAt
        viewerCanCancel
        owner {
          id
          name
        }
      }
    }
  }
`);
