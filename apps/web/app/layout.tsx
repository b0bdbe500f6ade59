import type { Metadata } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import "./globals.css";

// Served from the app itself: nothing is fetched from a font CDN at build or run time.
const inter = localFont({
  src: "./fonts/inter-latin-wght-normal.woff2",
  display: "swap",
  variable: "--font-inter",
});

export const metadata: Metadata = {
  title: { default: "Lastcall — graceful-shutdown audits for MCP servers", template: "%s · Lastcall" },
  description: "Lastcall scores Model Context Protocol servers for graceful-shutdown security.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body>{children}</body>
    </html>
  );
}
