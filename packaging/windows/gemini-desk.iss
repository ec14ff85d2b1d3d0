; Inno Setup script: a per-user installer for the Windows bundle (no administrator rights needed).
;
;   iscc /DAppVersion=0.1.0 /DFileVersion=0.1.0.40000 /DArch=x64 /DBundleDir=..\..\dist\gemini-desk
;        /DOutputDir=..\..\dist packaging\windows\gemini-desk.iss
;
; packaging/windows/package.ps1 passes these: AppVersion is app/__init__.py's version as people read it
; (0.2.0rc1), FileVersion its four-number form (packaging/version.py windows: 0.2.0.30001, ordered before the
; release's 0.2.0.40000; Inno Setup's VersionInfoVersion takes numbers only), Arch x64 or arm64 (one
; installer per architecture). BundleDir is PyInstaller's one-folder output. The wizard speaks English or
; Simplified Chinese, after the system's language.
; The installer puts the app in %LOCALAPPDATA%\Programs\Gemini Desk, adds a Start-menu shortcut (and
; optionally a desktop one), registers an uninstaller in "Installed apps", and carries file version info.
; User data (conversations, settings) lives elsewhere and is kept on uninstall; the API key stays in Windows
; Credential Manager.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
#endif
#ifndef FileVersion
  #error Pass the four-number version: iscc /DFileVersion=X.Y.Z.N (packaging/version.py windows)
#endif
#ifndef Arch
  #define Arch "x64"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\gemini-desk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "Gemini Desk"
#define AppExe "gemini-desk.exe"

[Setup]
; The AppId identifies the app across versions (upgrades replace it in place); never change it.
AppId={{6C0F3E9A-5D2B-4B8E-9E27-3F1A7C4D9B21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Gemini Desk developers
AppPublisherURL=https://github.com/gemini-desk/gemini-desk
AppSupportURL=https://github.com/gemini-desk/gemini-desk/issues
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#FileVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription={#AppName} installer
VersionInfoCopyright=MIT License
; Per-user: installs without elevation into {userpf} (%LOCALAPPDATA%\Programs).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
#if Arch == "arm64"
ArchitecturesAllowed=arm64
ArchitecturesInstallIn64BitMode=arm64
#else
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#endif
MinVersion=10.0
SetupIconFile=..\..\resources\icons\gemini-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=GeminiDesk-{#AppVersion}-windows-{#Arch}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running copy holds its files open: ask to close it, and restart it after an upgrade.
CloseApplications=yes
RestartApplications=yes

; Follow the system's language without asking (English or Simplified Chinese).
ShowLanguageDialog=no
LanguageDetectionMethod=uilanguage

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup's official Simplified Chinese translation, from its Languages folder (package.ps1 checks it is there).
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
english.LaunchComment=Chat with Gemini models
chinesesimplified.LaunchComment=与 Gemini 模型聊天

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave files of the previous bundle beside the new ones (stale Qt plugins would load).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:LaunchComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
; The app's own "Restart to update" runs this installer with /VERYSILENT /RELAUNCH=1: start the new version.
Filename: "{app}\{#AppExe}"; Flags: nowait runasoriginaluser; Check: RelaunchRequested

[Code]
function RelaunchRequested: Boolean;
begin
  Result := ExpandConstant('{param:RELAUNCH|0}') = '1';
end;
