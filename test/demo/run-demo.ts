/**
 * `npm run demo`: plays the story (request → approval → applied, a stalled invite, a denial, a budget,
 * the App Home) against local fakes and prints what each person sees. Exits 1 when the story did not
 * end as it should: Rita and Nina in their projects, Paul denied.
 */
import { runDemo } from './demo-story.js';

try {
  const summary = await runDemo(console.log);
  const happy = summary.ritaApplied && summary.ninaApplied && summary.paulDenied;
  console.log(
    happy
      ? "The story ended as it should: Rita and Nina are in their projects, Paul's request was denied."
      : 'The story went wrong.',
  );
  process.exitCode = happy ? 0 : 1;
} catch (error) {
  console.error('The demo failed:', error);
  process.exitCode = 1;
}
