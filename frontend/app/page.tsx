export default function Home() {
  return (
    <main>
      <h1>Sidecart</h1>
      <p>The storefront is on its way. The API is served by the gateway on port 8080.</p>
    </main>
  );
}
