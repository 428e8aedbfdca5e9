// Recognises Prisma's known request errors by code without importing the generated runtime.
function prismaCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** P2002: a unique constraint failed. */
export const isUniqueViolation = (error: unknown): boolean => prismaCode(error) === 'P2002';

/** P2025: a record needed by update/delete was not found. */
export const isRecordNotFound = (error: unknown): boolean => prismaCode(error) === 'P2025';
