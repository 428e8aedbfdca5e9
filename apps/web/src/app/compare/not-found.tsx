import { Suspense } from 'react';
import { CompareNotFoundMessage } from '@/features/compare/components/compare-not-found-message';

/** Answered with HTTP 404 when not one run of the address can be compared; the message says why. */
export default function CompareNotFound() {
  return (
    <Suspense>
      <CompareNotFoundMessage />
    </Suspense>
  );
}
