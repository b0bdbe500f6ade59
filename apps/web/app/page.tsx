export default function HomePage() {
  return (
    <main>
      <h1>Lastcall</h1>
    </main>
  );
}
