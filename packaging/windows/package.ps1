# Make the Windows artefacts from the built bundle: the per-user installer and the portable zip (Scoop).
#
#   ./packaging/windows/package.ps1 -Arch x64|arm64 [-Out dist/release]   (after packaging/build-bundle.sh)
#
# With WINDOWS_CERTIFICATE_PFX (base64) and WINDOWS_CERTIFICATE_PASSWORD, gemini-desk.exe and the installer
# are Authenticode-signed (signtool, SHA-256, RFC 3161 timestamp) and the signatures verified; without them
# both are unsigned, with a visible warning (SmartScreen then warns users: see packaging/README.md).
# The installer is then installed silently for this user, the installed copy self-tested and uninstalled.
param(
    [Parameter(Mandatory = $true)][ValidateSet("x64", "arm64")][string]$Arch,
    [string]$Out = "dist/release"
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "../..")
$Python = Join-Path $Root ".venv/Scripts/python.exe"
$Version = & $Python (Join-Path $Root "packaging/version.py") pep440
$FileVersion = & $Python (Join-Path $Root "packaging/version.py") windows
$Bundle = Join-Path $Root "dist/gemini-desk"
New-Item -ItemType Directory -Force -Path $Out | Out-Null
$Out = Resolve-Path $Out

function Write-Warn([string]$Message) {
    Write-Output "::warning::$Message"
    Write-Warning $Message
}

$Signing = $env:WINDOWS_CERTIFICATE_PFX -and $env:WINDOWS_CERTIFICATE_PASSWORD
if ($Signing) {
    $Pfx = Join-Path $env:RUNNER_TEMP "signing.pfx"
    [IO.File]::WriteAllBytes($Pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE_PFX))
    $SignTool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
        Sort-Object FullName -Descending | Select-Object -First 1
}
function Sign-File([string]$Path) {
    if (-not $Signing) { return }
    & $SignTool.FullName sign /f $Pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd sha256 `
        /tr http://timestamp.digicert.com /td sha256 /d "Gemini Desk" $Path
    if ($LASTEXITCODE -ne 0) { throw "signtool sign failed for $Path" }
    & $SignTool.FullName verify /pa /v $Path
    if ($LASTEXITCODE -ne 0) { throw "signtool verify failed for $Path" }
}
if (-not $Signing) {
    Write-Warn "Windows signing secrets are not set: gemini-desk.exe and the installer are unsigned (SmartScreen will warn users)"
}
Sign-File (Join-Path $Bundle "gemini-desk.exe")

$Iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
$Chinese = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\Languages\ChineseSimplified.isl"
if (-not (Test-Path $Chinese)) { throw "Inno Setup lacks Languages\ChineseSimplified.isl: install a newer Inno Setup 6" }
& $Iscc "/DAppVersion=$Version" "/DFileVersion=$FileVersion" "/DArch=$Arch" "/DBundleDir=$Bundle" "/DOutputDir=$Out" `
    (Join-Path $Root "packaging/windows/gemini-desk.iss")
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
$Setup = Join-Path $Out "GeminiDesk-$Version-windows-$Arch-setup.exe"
Sign-File $Setup

# Install silently for this user, self-test the installed copy, uninstall.
Start-Process -FilePath $Setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/CURRENTUSER", "/NORESTART" -Wait
$Installed = Join-Path $env:LOCALAPPDATA "Programs\Gemini Desk"
$Report = Join-Path $env:TEMP "gemini-desk-self-test.txt"
Remove-Item $Report -ErrorAction SilentlyContinue
$Test = Start-Process -FilePath (Join-Path $Installed "gemini-desk.exe") -ArgumentList "--self-test" -Wait -PassThru
if (Test-Path $Report) { Get-Content $Report }
if ($Test.ExitCode -ne 0) { throw "the installed copy failed its self-test" }
Start-Process -FilePath (Join-Path $Installed "unins000.exe") -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES" -Wait
if (Test-Path (Join-Path $Installed "gemini-desk.exe")) { throw "uninstalling left gemini-desk.exe behind" }

Compress-Archive -Path $Bundle -DestinationPath (Join-Path $Out "GeminiDesk-$Version-windows-$Arch.zip") -Force
Get-ChildItem $Out
