// The error line and submit button both sign-in forms (key and one-time link) show, kept in one
// place so their look and accessibility stay the same.
export function SignInError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p
      id="sign-in-error"
      role="alert"
      className="rounded border border-danger bg-danger-bg px-3 py-2 text-danger"
    >
      {message}
    </p>
  );
}

export function SignInSubmit({
  pending,
  label,
  pendingLabel,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="self-start rounded bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-60"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
