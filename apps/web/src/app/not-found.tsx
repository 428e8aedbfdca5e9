import { NotFoundPanel } from '@/components/not-found-panel';

export default function NotFound() {
  return (
    <NotFoundPanel title="Page not found (404)">
      Nothing lives at this address: the link may be old or mistyped.
    </NotFoundPanel>
  );
}
