; Inno Setup script: a per-user installer for the Windows bundle (no administrator rights needed).
;
;   iscc /DAppVersion=0.1.0 /DBundleDir=..\..\dist\gemini-desk /DOutputDir=..\..\dist packaging\windows\gemini-desk.iss
;
; AppVersion comes from app/__init__.py (the release workflow reads it); BundleDir is PyInstaller's one-folder
; output. The installer puts the app in %LOCALAPPDATA%\Programs\Gemini Desk, adds a Start-menu shortcut (and
; optionally a desktop one), registers an uninstaller in "Installed apps", and carries file version info.
; User data (conversations, settings) lives elsewhere and is kept on uninstall; the API key stays in Windows
; Credential Manager.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
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
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription={#AppName} installer
VersionInfoCopyright=MIT License
; Per-user: installs without elevation into {userpf} (%LOCALAPPDATA%\Programs).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\resources\icons\gemini-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=GeminiDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running copy holds its files open: ask to close it, and restart it after an upgrade.
CloseApplications=yes
RestartApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave files of the previous bundle beside the new ones (stale Qt plugins would load).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Chat with Gemini models"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
