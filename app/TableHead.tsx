/** A table's column headings; `null` is an unlabelled actions column (named for screen readers). */
export default function TableHead({ columns }: { columns: Array<string | null> }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th scope="col" key={c ?? `actions-${i}`}>
            {c ?? <span className="sr-only">Actions</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}
