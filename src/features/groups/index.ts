// /groups: custom contact groups (list, show, create, rename, add, remove, contacts, export, delete).
import type { BlockAction, BlockButtonAction, OverflowAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { ListenerTable } from '../../slack/listener-table.js';
import {
  handleGroupContactsPage,
  handleGroupDeleteAction,
  handleGroupExportAction,
  handleGroupListPage,
  handleGroupMembersAction,
  handleGroupMenu,
} from './group-actions.js';
import { GROUP_MODALS } from './group-forms.js';
import {
  handleCreateGroupSubmission,
  handleMembersSubmission,
  handleRenameSubmission,
} from './group-submissions.js';
import { GROUP_ACTIONS } from './group-views.js';
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
