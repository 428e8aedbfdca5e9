// GET /artifacts/<artifactId>: a run's file, streamed from the API with the member's key.
import { streamArtifactDownload } from '@/features/run/server/artifact-download';

export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  { params }: { params: Promise<{ artifactId: string }> },
) {
  const { artifactId } = await params;
  return streamArtifactDownload(request, artifactId);
}
