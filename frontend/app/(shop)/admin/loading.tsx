/** Keeps the admin sub-navigation in place while a list loads. */
export default function AdminLoading() {
  return (
    <p role="status" aria-live="polite" className="muted">
      Loading…
    </p>
  );
}
