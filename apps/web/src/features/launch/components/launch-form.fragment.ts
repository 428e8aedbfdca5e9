import { graphql } from '@/graphql/generated';

// A project the member may pick to launch in.
export const LaunchFormProjectFragment = graphql(`
  fragment LaunchForm_Project on Project {
    id
    name
    viewerCanLaunch
  }
`);

// The run a clone starts from: its stored (parsed, defaulted) config and its labels.
export const LaunchFormCloneSourceFragment = graphql(`
  fragment LaunchForm_CloneSource on Run {
    id
    name
    approach
    tags
    config
    project {
      id
    }
  }
`);
