// The queue panel's own request, so a page adds the panel without widening its query.
import 'server-only';
import { execute } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';

const QueuePanelDocument = graphql(`
  query QueuePanel($limit: Int!) {
    ...QueuePanel_Query
  }
`);

export function loadQueuePanel(limit: number) {
  return execute(QueuePanelDocument, { limit });
}
