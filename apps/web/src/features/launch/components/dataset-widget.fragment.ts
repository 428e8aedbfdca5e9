import { graphql } from '@/graphql/generated';

// A data set as the launch form's data set field lists it (the `datasets` query).
export const DatasetWidgetFragment = graphql(`
  fragment DatasetWidget_Dataset on Dataset {
    id
    cachePath
    kind
    label
    description
    fingerprint
    sampleCount
    imageSize
    sourcePath
  }
`);
