/** A failed action's message beside its control (nothing when there is none). */
export default function ErrorText({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <span className="small error-text" role="alert">
      {message}
    </span>
  );
}
