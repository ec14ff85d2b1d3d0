# Created by packaging/release/manifests.py from this template; submit to Homebrew/homebrew-cask.
cask "gemini-desk" do
  arch arm: "arm64", intel: "x86_64"

  version "${version}"
  sha256 arm:   "${macos_arm64_sha256}",
         intel: "${macos_x86_64_sha256}"

  url "https://github.com/gemini-desk/gemini-desk/releases/download/v#{version}/GeminiDesk-#{version}-macos-#{arch}.dmg"
  name "Gemini Desk"
  desc "Desktop chat client for Google Gemini models through API gateways"
  homepage "https://github.com/gemini-desk/gemini-desk"

  livecheck do
    url :url
    strategy :github_latest
  end

  auto_updates true
  depends_on macos: ">= :ventura"

  app "Gemini Desk.app"

  zap trash: [
    "~/Library/Application Support/gemini-desk",
    "~/Library/Caches/gemini-desk",
    "~/Library/Preferences/io.github.gemini_desk.GeminiDesk.plist",
  ]
end
