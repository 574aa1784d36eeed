// /groups: custom contact groups (list, show, create, rename, add, remove, export, delete).
import type { BlockAction, BlockButtonAction, OverflowAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { ListenerTable } from '../../slack/listener-table.js';
import { handleGroupContactsPage } from './group-contacts-page.js';
import { handleCreateGroupSubmission } from './group-create.js';
import { handleGroupDeleteAction } from './group-delete.js';
import { handleGroupExportAction } from './group-export-action.js';
import { GROUP_ACTIONS } from './group-list.js';
import { handleGroupListPage } from './group-list-page.js';
import { handleGroupMembersAction } from './group-members-page.js';
import { handleMembersSubmission } from './group-members-submit.js';
import { handleGroupMenu } from './group-menu.js';
import { GROUP_MODALS } from './group-modals.js';
import { handleRenameSubmission } from './group-rename.js';
import { handleGroupsCommand, SLASH_GROUPS } from './groups-command.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.command(SLASH_GROUPS, (args) => handleGroupsCommand(ctx, args));
  table.action<BlockButtonAction>(GROUP_ACTIONS.show, (args) => handleGroupMembersAction(ctx, args));
  table.action<BlockButtonAction>(GROUP_ACTIONS.membersPagePattern, (args) =>
    handleGroupMembersAction(ctx, args),
  );
  table.action<BlockButtonAction>(GROUP_ACTIONS.listPagePattern, (args) => handleGroupListPage(ctx, args));
  table.action<BlockButtonAction>(GROUP_ACTIONS.contactsPagePattern, (args) =>
    handleGroupContactsPage(ctx, args),
  );
  table.action<BlockButtonAction>(GROUP_ACTIONS.exportCsv, (args) => handleGroupExportAction(ctx, args));
  table.action<BlockButtonAction>(GROUP_ACTIONS.delete, (args) => handleGroupDeleteAction(ctx, args));
  table.action<BlockAction<OverflowAction>>(GROUP_ACTIONS.menu, (args) => handleGroupMenu(ctx, args));
  table.view<ViewSubmitAction>(GROUP_MODALS.create, (args) => handleCreateGroupSubmission(ctx, args));
  table.view<ViewSubmitAction>(GROUP_MODALS.add, (args) => handleMembersSubmission(ctx, 'add', args));
  table.view<ViewSubmitAction>(GROUP_MODALS.remove, (args) => handleMembersSubmission(ctx, 'remove', args));
  table.view<ViewSubmitAction>(GROUP_MODALS.rename, (args) => handleRenameSubmission(ctx, args));
}
