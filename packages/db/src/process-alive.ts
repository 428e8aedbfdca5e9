/**
 * Whether a process exists, for locks and test databases that record their owner's pid.
 * `kill(pid, 0)` sends nothing: ESRCH means no such process; EPERM means it exists but belongs
 * to another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
